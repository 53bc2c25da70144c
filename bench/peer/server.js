// The peer a front-end team would otherwise deploy: @neo4j/graphql over the same database,
// answering the same questions with @cypher fields that run orgraph's own Cypher text, as
// orgraph runs it in the live generation (passed in by the harness, bench/servers.py).
// Loopback only.
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

const branchCoverage = `CALL { ${process.env.BRANCH_COVERAGE} } UNWIND rows AS row RETURN row`;
const chain = `CALL { ${process.env.CHAIN_SUBGRAPH} }
  RETURN {nodes: [n IN nodes | {id: n.props.id, labels: n.labels, name: n.props.name}],
          rels: [r IN rels | {type: r.type, start: r.start, end: r.end}]} AS result`;

const typeDefs = `
  type Ref { id: ID!, labels: [String!]!, name: String }
  type RelRef { type: String!, start: ID!, end: ID! }
  type CoverageRow { kind: String!, nodes: [Ref!]!, rels: [RelRef!]! }
  type ChainSubgraph { nodes: [Ref!]!, rels: [RelRef!]! }
  type Query {
    branchCoverage(branchId: ID!, asOf: Date!): [CoverageRow!]!
      @cypher(statement: ${JSON.stringify(branchCoverage)}, columnName: "row")
    responsibilityChain(fromId: ID!, asOf: Date!): ChainSubgraph
      @cypher(statement: ${JSON.stringify(chain)}, columnName: "result")
  }
`;

const driver = neo4j.driver(process.env.NEO4J_URI, neo4j.auth.basic("neo4j", "orgraph-dev"));
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
const server = new ApolloServer({ schema });
const { url } = await startStandaloneServer(server, {
  listen: { host: "127.0.0.1", port: Number(process.env.PORT) },
});
console.log(`READY ${url}`);
