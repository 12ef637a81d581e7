# Survival, a Cox table and analysis-ready data frames from the NET TARE cohort API, in R.
#
#   Rscript net_tare.R [http://localhost:4000]
#
# Needs httr2 and jsonlite; uses the survival package, when installed, to recompute the Kaplan-
# Meier median from the exported survivalTime / event (it agrees with the server's), and arrow,
# when installed, to read the labs as an Arrow stream (typed columns) instead of CSV.
# The API key, when the server asks for one (AUTH_MODE=keys), comes from NET_TARE_API_KEY.

library(httr2)
library(jsonlite)

args <- commandArgs(trailingOnly = TRUE)
api_url <- if (length(args) > 0) args[[1]] else Sys.getenv("NET_TARE_URL", "http://localhost:4000")
api_key <- Sys.getenv("NET_TARE_API_KEY")

api_request <- function(path) {
  req <- request(paste0(sub("/$", "", api_url), path))
  if (nzchar(api_key)) req <- req_auth_bearer_token(req, api_key)
  req
}

graphql <- function(query, variables = list()) {
  body <- api_request("/graphql") |>
    req_body_json(list(query = query, variables = variables), auto_unbox = TRUE) |>
    req_perform() |>
    resp_body_json(simplifyVector = TRUE)
  if (!is.null(body$errors)) stop(body$errors$message[[1]])
  body$data
}

export_csv <- function(table, where = NULL, ...) {
  req <- api_request(paste0("/export/", table, ".csv"))
  if (!is.null(where)) req <- req_url_query(req, where = toJSON(where, auto_unbox = TRUE))
  req <- req_url_query(req, ...)
  read.csv(text = resp_body_string(req_perform(req)), stringsAsFactors = FALSE, check.names = FALSE)
}

# 1. Kaplan-Meier overall survival, and by ascites at baseline with the log-rank test.
cohort <- graphql('
  query($by: CovariateInput!) {
    cohort {
      size
      survival { n events median { estimate lower upper } }
      compareSurvival(by: $by) { groups { label estimate { n events median { estimate } } } logRank { statistic df p } }
    }
  }', list(by = list(variable = "ascitesAtBaseline")))$cohort
median <- cohort$survival$median
cat(sprintf("cohort size: %d, deaths: %d\n", cohort$size, cohort$survival$events))
cat(sprintf("median overall survival (months): %.2f (95%% CI %.2f to %.2f)\n", median$estimate, median$lower, median$upper))
groups <- cohort$compareSurvival$groups
print(data.frame(group = groups$label, n = groups$estimate$n, deaths = groups$estimate$events, median = groups$estimate$median$estimate))
cat(sprintf("log-rank by ascites: chi2 = %.2f, p = %.3g\n", cohort$compareSurvival$logRank$statistic, cohort$compareSurvival$logRank$p))

# 2. A multivariable Cox model.
model <- graphql('
  query($covariates: [CovariateInput!]!) {
    cohort { coxRegression(covariates: $covariates) { n events converged terms { name hazardRatio lower upper p } } }
  }', list(covariates = list(
    list(variable = "ascitesAtBaseline"),
    list(variable = "extrahepaticMetastases"),
    list(variable = "childPugh", levels = list("B", "C"), label = "childPugh B/C")
  )))$cohort$coxRegression
cat(sprintf("Cox model: n = %d, events = %d\n", model$n, model$events))
print(data.frame(model$terms, row.names = "name"), digits = 3)

# 3. Data frames from the export URLs: one row per patient, and long-format labs of a cohort.
patients <- export_csv("patients", timeUnit = "MONTHS")
cat(sprintf("patients export: %d rows x %d columns, %d events\n", nrow(patients), ncol(patients), sum(patients$event)))
if (requireNamespace("survival", quietly = TRUE)) {
  fit <- survival::survfit(survival::Surv(survivalTime, event) ~ 1, data = patients)
  cat(sprintf("survfit on the export: median %.2f months\n", unname(summary(fit)$table["median"])))
}

followed_a_year <- list(variable = "followUpMonths", gte = 12)
if (requireNamespace("arrow", quietly = TRUE)) {
  req <- api_request("/export/labs.arrow") |> req_url_query(where = toJSON(followed_a_year, auto_unbox = TRUE))
  labs <- as.data.frame(arrow::read_ipc_stream(resp_body_raw(req_perform(req))))
} else {
  labs <- export_csv("labs", followed_a_year)
}
cat(sprintf("labs export (followUpMonths >= 12): %d rows, %d patients\n", nrow(labs), length(unique(labs$patient_id))))
print(round(tapply(labs$value, list(labs$analyte, labs$timepoint), mean), 1))
