/**
 * The in-browser explorer: GraphiQL 4 served from our own dependencies (no CDN; the machine may
 * have no internet at all), opened with a ready example query. Apollo's own landing pages all
 * load from a CDN, so this plugin replaces them.
 */
import type { ApolloServerPlugin } from '@apollo/server';

export const GRAPHIQL_ASSETS_PATH = '/graphiql-assets';

export const EXAMPLE_QUERY = `# The synthetic demo cohort of the NET TARE study. Press the run button (Ctrl-Enter).
query Explore {
  sites { code name patientCount }
  patients(first: 5, where: { variable: "childPugh", in: ["B", "C"] }) {
    totalCount
    nodes {
      externalId sex ageAtIndex childPugh ascitesAtBaseline
      treatmentDistribution totalActivityGbq followUpMonths vitalStatus
      treatments { date target device activityGbq }
      labs(analyte: ALP) { collectedOn dayFromIndex value unit upperLimitOfNormal }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`;

export function renderGraphiqlPage(endpoint: string): string {
  const config = JSON.stringify({ endpoint, query: EXAMPLE_QUERY }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>NET TARE cohort API · GraphiQL</title>
<link rel="stylesheet" href="${GRAPHIQL_ASSETS_PATH}/graphiql.min.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="${GRAPHIQL_ASSETS_PATH}/react.production.min.js"></script>
<script src="${GRAPHIQL_ASSETS_PATH}/react-dom.production.min.js"></script>
<script src="${GRAPHIQL_ASSETS_PATH}/graphiql.min.js"></script>
<script>
  const config = ${config};
  const fetcher = GraphiQL.createFetcher({ url: config.endpoint });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, { fetcher, defaultQuery: config.query, defaultEditorToolsVisibility: true }),
  );
</script>
</body>
</html>`;
}

export function graphiqlLandingPage(endpoint: string): ApolloServerPlugin {
  const html = renderGraphiqlPage(endpoint);
  return {
    async serverWillStart() {
      return { async renderLandingPage() { return { html }; } };
    },
  };
}
