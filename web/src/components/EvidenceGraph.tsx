// Evidence paths drawn as a small graph (Cytoscape.js, loaded only when a view shows one), with
// the same paths as text beside it for keyboards and screen readers.
import { useEffect, useRef, useState } from "react";
import type { EvidenceFieldsFragment } from "../gql/graphql";
import { useLocale } from "../i18n/locale";

const COLOURS: Record<string, string> = {
  PERSON: "#a8211b",
  LIAISON_POINT: "#d98b1c",
  UNIT: "#2f6db3",
  PARTY_ORG: "#2e8540",
  PARTY_GROUP: "#5b8c3a",
  TEAM: "#6a4fa3",
  PROJECT: "#8a6d3b",
  DOMAIN: "#5a6272",
};

/** Merge several evidences into one node and edge list, each node and edge once. */
export function mergeEvidence(evidences: EvidenceFieldsFragment[]): EvidenceFieldsFragment {
  const nodes = new Map<string, EvidenceFieldsFragment["nodes"][number]>();
  const edges = new Map<string, EvidenceFieldsFragment["relationships"][number]>();
  for (const evidence of evidences) {
    evidence.nodes.forEach((node) => nodes.set(node.id, node));
    evidence.relationships.forEach((rel) => edges.set(`${rel.startId}-${rel.type}-${rel.endId}`, rel));
  }
  return { nodes: [...nodes.values()], relationships: [...edges.values()] };
}

export function EvidenceGraph({ evidence, testId = "evidence-graph" }: { evidence: EvidenceFieldsFragment; testId?: string }) {
  const { t } = useLocale();
  const container = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let destroyed = false;
    let destroy = () => {};
    import("cytoscape").then(({ default: cytoscape }) => {
      if (destroyed || !container.current) return;
      const ids = new Set(evidence.nodes.map((node) => node.id));
      const graph = cytoscape({
        container: container.current,
        elements: [
          ...evidence.nodes.map((node) => ({ data: { id: node.id, label: node.name, colour: COLOURS[node.kind] ?? "#555" } })),
          ...evidence.relationships
            .filter((rel) => ids.has(rel.startId) && ids.has(rel.endId))
            .map((rel) => ({ data: { id: `${rel.startId}-${rel.type}-${rel.endId}`, source: rel.startId, target: rel.endId, label: rel.type } })),
        ],
        style: [
          {
            selector: "node",
            style: {
              "background-color": "data(colour)",
              label: "data(label)",
              "font-size": 11,
              "font-family": getComputedStyle(document.documentElement).fontFamily,
              "text-valign": "bottom",
              "text-margin-y": 4,
              width: 18,
              height: 18,
            },
          },
          {
            selector: "edge",
            style: {
              width: 1.5,
              "line-color": "#9aa3b2",
              "target-arrow-color": "#9aa3b2",
              "target-arrow-shape": "triangle",
              "curve-style": "bezier",
              label: "data(label)",
              "font-size": 8,
              color: "#5a6272",
              "text-rotation": "autorotate",
            },
          },
        ],
        layout: {
          name: "breadthfirst",
          directed: false,
          roots: evidence.nodes.filter((node) => node.kind === "PERSON").map((node) => node.id),
          spacingFactor: 1.1,
          padding: 20,
        },
        userZoomingEnabled: false,
        boxSelectionEnabled: false,
        autoungrabify: true,
      });
      destroy = () => graph.destroy();
      setReady(true);
    });
    return () => {
      destroyed = true;
      destroy();
    };
  }, [evidence]);

  const names = new Map(evidence.nodes.map((node) => [node.id, node.name]));
  return (
    <div className="evidence" data-testid={testId}>
      {!ready && <p className="muted">{t("evidenceLoading")}</p>}
      <div ref={container} className="evidence-graph" role="img" aria-label={t("evidenceGraphLabel")} />
      <ul className="evidence-text" data-testid={`${testId}-text`}>
        {evidence.relationships.map((rel) => (
          <li key={`${rel.startId}-${rel.type}-${rel.endId}`}>
            {names.get(rel.startId) ?? rel.startId} —{rel.type}→ {names.get(rel.endId) ?? rel.endId}
          </li>
        ))}
      </ul>
    </div>
  );
}
