"""Survival, a Cox table and analysis-ready data frames from the NET TARE cohort API.

    python3 survival_and_export.py [--url http://localhost:4000] [--api-key KEY]

1. Kaplan-Meier overall survival of the whole cohort, and by ascites at baseline with the
   log-rank test (GraphQL `cohort { survival compareSurvival }`).
2. A multivariable Cox table, hazard ratios with 95 % confidence intervals (`coxRegression`).
3. One row per patient and the long-format labs of a filtered cohort, downloaded from the
   export URLs (`/export/patients.csv`, `/export/labs.csv?where=...`) into data frames.

It uses requests and pandas when they are installed, and only the standard library (urllib,
csv, json) otherwise: the printed results are the same either way. The API key, when the
server asks for one (AUTH_MODE=keys), comes from --api-key or NET_TARE_API_KEY.
"""

import argparse
import csv
import io
import json
import os
import urllib.parse
import urllib.request

try:
    import pandas as pd
    import requests
except ImportError:
    pd = None
    requests = None


SURVIVAL_QUERY = """
query Survival($by: CovariateInput!) {
  cohort {
    size
    survival { n events median { estimate lower upper } }
    compareSurvival(by: $by) {
      groups { label estimate { n events median { estimate } } }
      logRank { statistic df p }
    }
  }
}
"""

COX_QUERY = """
query Cox($covariates: [CovariateInput!]!) {
  cohort {
    coxRegression(covariates: $covariates) {
      n events converged
      terms { name hazardRatio lower upper p }
    }
  }
}
"""

COX_COVARIATES = [
    {"variable": "ascitesAtBaseline"},
    {"variable": "extrahepaticMetastases"},
    {"variable": "childPugh", "levels": ["B", "C"], "label": "childPugh B/C"},
]

# The cohort of the labs export: patients followed at least a year.
FOLLOWED_A_YEAR = {"variable": "followUpMonths", "gte": 12}


class Api:
    def __init__(self, url, api_key):
        self.url = url.rstrip("/")
        self.headers = {"authorization": f"Bearer {api_key}"} if api_key else {}

    def graphql(self, query, variables):
        body = {"query": query, "variables": variables}
        if requests is not None:
            response = requests.post(f"{self.url}/graphql", json=body, headers=self.headers, timeout=120)
            payload = response.json()
        else:
            request = urllib.request.Request(
                f"{self.url}/graphql",
                data=json.dumps(body).encode("utf-8"),
                headers={"content-type": "application/json", **self.headers},
            )
            with urllib.request.urlopen(request, timeout=120) as response:
                payload = json.load(response)
        if payload.get("errors"):
            raise RuntimeError(payload["errors"][0]["message"])
        return payload["data"]

    def export_url(self, table, where=None):
        query = "" if where is None else "?" + urllib.parse.urlencode({"where": json.dumps(where)})
        return f"{self.url}/export/{table}.csv{query}"

    def data_frame(self, table, where=None):
        """The export as a pandas DataFrame, or as a list of dicts (every value a string) without pandas."""
        url = self.export_url(table, where)
        if pd is not None:
            response = requests.get(url, headers=self.headers, timeout=600)
            response.raise_for_status()
            return pd.read_csv(io.StringIO(response.text), keep_default_na=False, na_values=[""])
        request = urllib.request.Request(url, headers=self.headers)
        with urllib.request.urlopen(request, timeout=600) as response:
            return list(csv.DictReader(io.TextIOWrapper(response, encoding="utf-8")))


def shape(frame):
    if pd is not None:
        return len(frame), len(frame.columns)
    return len(frame), len(frame[0]) if frame else 0


def column(frame, name):
    if pd is not None:
        return [None if pd.isna(value) else value for value in frame[name].tolist()]
    return [value if value != "" else None for value in (row[name] for row in frame)]


def number(value, digits=2):
    return "NA" if value is None else f"{value:.{digits}f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://localhost:4000")
    parser.add_argument("--api-key", default=os.environ.get("NET_TARE_API_KEY"))
    arguments = parser.parse_args()
    api = Api(arguments.url, arguments.api_key)

    print(f"backend: {'pandas' if pd is not None else 'standard library'}")

    cohort = api.graphql(SURVIVAL_QUERY, {"by": {"variable": "ascitesAtBaseline"}})["cohort"]
    survival = cohort["survival"]
    median = survival["median"]
    print(f"cohort size: {cohort['size']}")
    print(f"deaths: {survival['events']}")
    print(
        f"median overall survival (months): {number(median['estimate'])} "
        f"(95% CI {number(median['lower'])} to {number(median['upper'])})"
    )
    comparison = cohort["compareSurvival"]
    for group in comparison["groups"]:
        estimate = group["estimate"]
        print(f"  {group['label']}: n={estimate['n']}, deaths={estimate['events']}, median={number(estimate['median']['estimate'])}")
    log_rank = comparison["logRank"]
    print(f"log-rank by ascites: chi2={number(log_rank['statistic'])}, df={log_rank['df']:g}, p={log_rank['p']:.4g}")

    model = api.graphql(COX_QUERY, {"covariates": COX_COVARIATES})["cohort"]["coxRegression"]
    print(f"Cox model: n={model['n']}, events={model['events']}, converged={str(model['converged']).lower()}")
    print(f"  {'term':<26}{'HR':>8}{'lower':>8}{'upper':>8}{'p':>10}")
    for term in model["terms"]:
        print(
            f"  {term['name']:<26}{number(term['hazardRatio']):>8}{number(term['lower']):>8}"
            f"{number(term['upper']):>8}{term['p']:>10.4g}"
        )

    patients = api.data_frame("patients")
    rows, columns = shape(patients)
    events = sum(int(value) for value in column(patients, "event"))
    longest = max(float(value) for value in column(patients, "survivalTime"))
    print(f"patients export: {rows} rows x {columns} columns, {events} events, longest follow-up {longest:.1f} months")

    labs = api.data_frame("labs", FOLLOWED_A_YEAR)
    rows, columns = shape(labs)
    analytes = sorted(set(column(labs, "analyte")))
    followed = len(set(column(labs, "patient_id")))
    print(f"labs export (followUpMonths >= 12): {rows} rows x {columns} columns, {followed} patients, analytes {', '.join(analytes)}")
    baseline_alp = [
        float(value)
        for value, analyte, timepoint in zip(column(labs, "value"), column(labs, "analyte"), column(labs, "timepoint"))
        if analyte == "ALP" and timepoint == "BASELINE"
    ]
    if baseline_alp:
        print(f"baseline ALP (U/L): n={len(baseline_alp)}, mean={sum(baseline_alp) / len(baseline_alp):.1f}")


if __name__ == "__main__":
    main()
