// Search by name across people, units, party orgs, teams and projects, from every view: the
// API's `nameContains` filters (case-sensitive; Chinese and Latin alike), asked as one request.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { request } from "../api/client";
import { Search } from "../api/operations";
import type { SearchQuery } from "../gql/graphql";
import { useLocale } from "../i18n/locale";
import { entityHref, href } from "../router";

interface Hit {
  id: string;
  name: string;
  group: string;
  detail: string | null;
  to: string;
}

function hitsOf(data: SearchQuery, asOf: string | null, groupName: (key: string) => string): Hit[] {
  return [
    ...data.people.nodes.map((p) => ({ id: p.id, name: p.name, group: groupName("people"), detail: p.unit?.name ?? null, to: entityHref("PERSON", p.id, asOf) })),
    ...data.units.nodes.map((u) => ({ id: u.id, name: u.name, group: groupName("units"), detail: null, to: href("/", { asOf, unit: u.id }) })),
    ...data.branches.nodes.map((o) => ({ id: o.id, name: o.name, group: groupName("partyOrgs"), detail: null, to: entityHref("PARTY_ORG", o.id, asOf) })),
    ...data.teams.nodes.map((t) => ({ id: t.id, name: t.name, group: groupName("teams"), detail: null, to: entityHref("TEAM", t.id, asOf) })),
    ...data.projects.nodes.map((p) => ({ id: p.id, name: p.name, group: groupName("projects"), detail: null, to: entityHref("PROJECT", p.id, asOf) })),
  ];
}

export function SearchBox({ asOf }: { asOf: string | null }) {
  const { t } = useLocale();
  const [text, setText] = useState("");
  const [hits, setHits] = useState<Hit[] | null>(null);
  const listId = useId();
  const list = useRef<HTMLUListElement>(null);

  useEffect(() => {
    const wanted = text.trim();
    if (!wanted) {
      setHits(null);
      return;
    }
    let live = true;
    // Wait for a pause in typing before asking.
    const timer = window.setTimeout(() => {
      request(Search, { text: wanted }).then(
        (data) => live && setHits(hitsOf(data, asOf, (key) => t(`search_${key}` as "search_people"))),
        () => live && setHits([]),
      );
    }, 200);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [text, asOf, t]);

  function close() {
    setHits(null);
    setText("");
  }

  // Arrow keys move between the input and the results; Escape closes them.
  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    const links = Array.from(list.current?.querySelectorAll("a") ?? []);
    const index = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (event.key === "ArrowDown" && links.length) {
      event.preventDefault();
      links[Math.min(index + 1, links.length - 1)].focus();
    } else if (event.key === "ArrowUp" && index >= 0) {
      event.preventDefault();
      if (index === 0) document.getElementById(`${listId}-input`)?.focus();
      else links[index - 1].focus();
    } else if (event.key === "Escape") {
      setHits(null);
      document.getElementById(`${listId}-input`)?.focus();
    }
  }

  return (
    <div className="search" role="search" onKeyDown={onKeyDown}>
      <label htmlFor={`${listId}-input`} className="visually-hidden">
        {t("searchLabel")}
      </label>
      <input
        id={`${listId}-input`}
        type="search"
        data-testid="search-box"
        placeholder={t("searchPlaceholder")}
        value={text}
        onChange={(event) => setText(event.target.value)}
        aria-controls={hits !== null ? listId : undefined}
        autoComplete="off"
      />
      <div aria-live="polite" className="visually-hidden">
        {hits !== null && t("searchCount", { count: hits.length })}
      </div>
      {hits !== null && (
        <ul id={listId} ref={list} className="search-results" data-testid="search-results" aria-label={t("searchLabel")}>
          {hits.length === 0 && <li className="muted">{t("searchNone")}</li>}
          {hits.map((hit) => (
            <li key={`${hit.group}-${hit.id}`}>
              <a href={hit.to} onClick={close} data-testid="search-hit">
                <span className="hit-group">{hit.group}</span> {hit.name}
                {hit.detail && <span className="muted"> · {hit.detail}</span>}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
