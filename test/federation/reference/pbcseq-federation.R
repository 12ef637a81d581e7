# R's answers on the pooled rows of the pbcseq fixture (test/fixtures/pbcseq/, 312 patients split
# over sites A, B, C by id mod 3), for test/federation/pbcseq-federation.test.ts:
#   size, sex counts, age mean and sd; coxph(Surv(futime, status == 2) ~ age + sex + ascites)
#   stratified by site and unstratified (Efron); survdiff(... ~ (age > 50) + strata(site));
#   survfit on the monthly grid: Surv(ceiling(futime / 30.4375), status == 2), months.
#
#   Rscript test/federation/reference/pbcseq-federation.R   (from the repository root; output committed)
#
# R 4.2.2, survival 3.5-3. JSON is written by hand (no jsonlite on the reference machine), 17 digits.
library(survival)

baseline <- pbcseq[!duplicated(pbcseq$id), ]
baseline <- baseline[order(baseline$id), ]
baseline$site <- c("A", "B", "C")[baseline$id %% 3 + 1]
baseline$death <- as.integer(baseline$status == 2)
baseline$female <- as.integer(baseline$sex == "f")
baseline$old <- baseline$age > 50

num <- function(x) ifelse(is.na(x) | !is.finite(x), "null", sprintf("%.17g", x))
vec <- function(x) paste0("[", paste(num(x), collapse = ", "), "]")
str <- function(x) paste0("[", paste0("\"", x, "\"", collapse = ", "), "]")
obj <- function(...) {
  fields <- list(...)
  paste0("{", paste0("\"", names(fields), "\": ", unlist(fields), collapse = ", "), "}")
}
coxJson <- function(fit) {
  s <- summary(fit)
  obj(
    terms = str(names(coef(fit))), coef = vec(coef(fit)), se = vec(sqrt(diag(vcov(fit)))),
    p = vec(s$coefficients[, "Pr(>|z|)"]), loglik = vec(fit$loglik), iterations = num(fit$iter),
    n = num(fit$n), events = num(fit$nevent), lrt = num(s$logtest[["test"]]), wald = num(fit$wald.test),
    score = num(fit$score)
  )
}

stratified <- coxph(Surv(futime, death) ~ age + female + ascites + strata(site), data = baseline, ties = "efron")
pooled <- coxph(Surv(futime, death) ~ age + female + ascites, data = baseline, ties = "efron")
pooledBreslow <- coxph(Surv(futime, death) ~ age + female + ascites, data = baseline, ties = "breslow")
logrank <- survdiff(Surv(futime, death) ~ old + strata(site), data = baseline)
months <- ceiling(baseline$futime / 30.4375)
km <- survfit(Surv(months, death) ~ 1, data = baseline)

json <- obj(
  size = num(nrow(baseline)),
  sex = obj(MALE = num(sum(baseline$sex == "m")), FEMALE = num(sum(baseline$sex == "f"))),
  age = obj(mean = num(mean(baseline$age)), sd = num(sd(baseline$age))),
  coxStratified = coxJson(stratified),
  coxPooled = coxJson(pooled),
  coxPooledBreslow = coxJson(pooledBreslow),
  logRankStratified = obj(chisq = num(logrank$chisq), observed = vec(rowSums(logrank$obs)), expected = vec(rowSums(logrank$exp))),
  kmMonthly = obj(
    time = vec(km$time), nRisk = vec(km$n.risk), nEvent = vec(km$n.event), nCensor = vec(km$n.censor),
    survival = vec(km$surv), stdErr = vec(km$std.err), lower = vec(km$lower), upper = vec(km$upper),
    median = vec(unname(quantile(km, 0.5)$quantile))
  )
)
writeLines(json, "test/federation/reference/pbcseq-federation.json")
