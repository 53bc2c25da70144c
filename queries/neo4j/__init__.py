"""The Neo4j adapter: Cypher text, the writer and the backend."""
