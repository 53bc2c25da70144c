// Every GraphQL operation of the page, typed by codegen from ../api/schema.graphql.
import { graphql } from "../gql";

export const EntityFields = graphql(`
  fragment EntityFields on Entity {
    id
    kind
    name
  }
`);

export const EvidenceFields = graphql(`
  fragment EvidenceFields on Evidence {
    nodes {
      ...EntityFields
    }
    relationships {
      type
      startId
      endId
    }
  }
`);

export const UnitRowFields = graphql(`
  fragment UnitRowFields on Unit {
    id
    name
    kind
    coverage(asOf: $asOf) {
      branches
      covered
      uncovered
      ratio
    }
    children(first: 1) {
      totalCount
    }
    branches(validOn: $asOf, first: 1) {
      totalCount
    }
  }
`);

/** Candidates for the top units the caller sees, without their coverage: the company, or for a
 * scoped token the scope's unit (its parent is hidden). Coverage is asked per root by
 * `node(id)` after (UnitById): on a 100,000-person organisation `units { coverage }` took
 * 0.6 s where `node { coverage }` took 0.04 s. */
export const TopUnits = graphql(`
  query TopUnits {
    company: units(filter: { kinds: [COMPANY] }, first: 10) {
      nodes {
        id
        parent {
          id
        }
      }
    }
    others: units(filter: { kinds: [BUREAU, COUNTY, SUPPORT, DEPARTMENT, STATION] }, first: 100) {
      nodes {
        id
        parent {
          id
        }
      }
    }
  }
`);

export const UnitChildren = graphql(`
  query UnitChildren($unitId: ID!, $asOf: Date, $after: String) {
    node(id: $unitId) {
      ... on Unit {
        id
        children(first: 100, after: $after) {
          totalCount
          pageInfo {
            hasNextPage
            endCursor
          }
          nodes {
            ...UnitRowFields
          }
        }
        branches(validOn: $asOf, first: 100) {
          totalCount
          nodes {
            id
            name
            branchKind
          }
        }
      }
    }
    uncoveredBranches(asOf: $asOf, underUnitId: $unitId) {
      id
    }
  }
`);

export const FindingCounts = graphql(`
  query FindingCounts($asOf: Date) {
    audit(asOf: $asOf) {
      countsByUnit {
        unit {
          id
        }
        count
      }
    }
  }
`);

export const CoverageDiff = graphql(`
  query CoverageDiff($from: Date!, $to: Date, $underUnitId: ID) {
    coverageDiff(from: $from, to: $to, underUnitId: $underUnitId) {
      branch {
        ...EntityFields
      }
      change
      added {
        leader {
          ...EntityFields
        }
        liaisonPoint {
          id
        }
        kind
      }
      removed {
        leader {
          ...EntityFields
        }
        liaisonPoint {
          id
        }
        kind
      }
    }
  }
`);

export const BranchPage = graphql(`
  query BranchPage($branchId: ID!, $asOf: Date) {
    node(id: $branchId) {
      id
      name
      label
      ... on PartyOrg {
        kind
        branchKind
        establishedOn
        dissolvedOn
        unit {
          id
          name
        }
        parent {
          id
          name
        }
        secretary(asOf: $asOf) {
          id
          name
        }
        partyGroups(first: 50) {
          totalCount
          nodes {
            id
            name
            leader {
              id
              name
            }
            team {
              id
              name
              leader {
                id
                name
              }
            }
            members(first: 50) {
              totalCount
              nodes {
                id
                name
                partyStatus
              }
            }
          }
        }
        seats(validOn: $asOf, first: 100) {
          totalCount
          nodes {
            role
            from
            to
            person {
              id
              name
              partyStatus
            }
          }
        }
      }
    }
    branchCoverage(branchId: $branchId, asOf: $asOf) {
      leader {
        ...EntityFields
      }
      kind
      liaisonPoint {
        ...EntityFields
      }
      evidence {
        ...EvidenceFields
      }
    }
    responsibilityChain(fromId: $branchId, asOf: $asOf) {
      links {
        level
        status
        note
        entities {
          ...EntityFields
        }
        people {
          person {
            ...EntityFields
          }
          role
          via
          liaisonPointId
        }
      }
    }
  }
`);

export const ExplainUncovered = graphql(`
  query ExplainUncovered($branchId: ID!, $asOf: Date) {
    explainUncovered(branchId: $branchId, asOf: $asOf) {
      exists
      establishedOn
      dissolvedOn
      covered
      candidates {
        liaisonPoint {
          ...EntityFields
        }
        leader {
          ...EntityFields
        }
        kind
        target {
          ...EntityFields
        }
        from
        to
        reasons {
          code
          day
          message
          leaderPeriods {
            committee {
              name
            }
            role
            from
            to
          }
        }
        evidence {
          ...EvidenceFields
        }
      }
      nearMisses {
        liaisonPoint {
          ...EntityFields
        }
        leader {
          ...EntityFields
        }
        kind
        target {
          ...EntityFields
        }
        relation
        counts
      }
    }
  }
`);

export const LeaderPage = graphql(`
  query LeaderPage($leaderId: ID!, $asOf: Date) {
    node(id: $leaderId) {
      id
      name
      label
      ... on Person {
        partyStatus
        unit {
          id
          name
        }
        seats(validOn: $asOf, first: 50) {
          nodes {
            role
            from
            to
            partyOrg {
              id
              name
              kind
              unit {
                id
              }
            }
          }
        }
        charges(validOn: $asOf, first: 50) {
          nodes {
            from
            to
            domain {
              id
              name
            }
          }
        }
        liaisonPoints(first: 100) {
          totalCount
          nodes {
            id
            kind
            from
            to
            target {
              id
              name
              label
            }
            visits(last: 1) {
              totalCount
              nodes {
                date
              }
            }
          }
        }
        visits(last: 100) {
          totalCount
          nodes {
            date
            kind
            note
            liaisonPoint {
              id
            }
          }
        }
      }
    }
    leaderCoverage(leaderId: $leaderId, asOf: $asOf) {
      branch {
        ...EntityFields
      }
      kind
      liaisonPoint {
        id
      }
    }
  }
`);

export const Workload = graphql(`
  query Workload($asOf: Date, $underUnitId: ID) {
    leaderWorkload(asOf: $asOf, underUnitId: $underUnitId) {
      leader {
        ...EntityFields
      }
      seats {
        committee {
          id
          name
        }
        role
      }
      partyBuildingPoints
      branchPoints
      branchesCovered
      visits
      lastVisit
    }
  }
`);

export const AuditPage = graphql(`
  query AuditPage($asOf: Date, $underUnitId: ID) {
    audit(asOf: $asOf, underUnitId: $underUnitId) {
      asOf
      underUnit {
        ...EntityFields
      }
      rules {
        id
        titleEn
        titleZh
        severity
      }
      countsBySeverity {
        severity
        count
      }
      countsByRule {
        ruleId
        count
      }
      countsByUnit {
        unit {
          ...EntityFields
        }
        count
      }
      findings {
        ruleId
        severity
        check
        entity {
          ...EntityFields
        }
        unit {
          ...EntityFields
        }
        message
        missing
        evidence {
          ...EvidenceFields
        }
      }
    }
  }
`);

export const Search = graphql(`
  query Search($text: String!) {
    people(filter: { nameContains: $text }, first: 8, orderBy: NAME) {
      totalCount
      nodes {
        id
        name
        unit {
          name
        }
      }
    }
    units(filter: { nameContains: $text }, first: 8, orderBy: NAME) {
      totalCount
      nodes {
        id
        name
      }
    }
    branches: partyOrgs(filter: { nameContains: $text }, first: 8, orderBy: NAME) {
      totalCount
      nodes {
        id
        name
        kind
      }
    }
    teams(filter: { nameContains: $text }, first: 8, orderBy: NAME) {
      totalCount
      nodes {
        id
        name
      }
    }
    projects(filter: { nameContains: $text }, first: 8, orderBy: NAME) {
      totalCount
      nodes {
        id
        name
      }
    }
  }
`);

export const EntityPage = graphql(`
  query EntityPage($id: ID!) {
    node(id: $id) {
      __typename
      id
      name
      label
      ... on Unit {
        kind
        parent {
          id
          name
        }
      }
      ... on Team {
        unit {
          id
          name
        }
        leader {
          id
          name
        }
        members(first: 100) {
          totalCount
          nodes {
            id
            name
            partyStatus
          }
        }
        partyGroups(first: 10) {
          nodes {
            id
            name
            branch {
              id
              name
            }
          }
        }
      }
      ... on Project {
        major
        startOn
        endOn
        unit {
          id
          name
        }
        partyOrgs(first: 10) {
          nodes {
            id
            name
          }
        }
      }
      ... on PartyGroup {
        branch {
          id
          name
        }
        team {
          id
          name
        }
      }
      ... on LiaisonPoint {
        leader {
          id
          name
        }
        target {
          id
          name
          label
        }
      }
    }
  }
`);

/** A cheap question to learn whether the API answers without a token (dev mode). */
export const Probe = graphql(`
  query Probe {
    units(first: 1) {
      totalCount
    }
  }
`);

export const UnitById = graphql(`
  query UnitById($unitId: ID!, $asOf: Date) {
    node(id: $unitId) {
      ... on Unit {
        ...UnitRowFields
        parent {
          id
          name
        }
      }
    }
  }
`);
