#!/usr/bin/env bash
# Runs the demo: the sandbox EHR (http://127.0.0.1:5010) with the demo practice, and FhirApp (http://127.0.0.1:5005)
# with SQLite. Open http://127.0.0.1:5010, pick a patient and click "Launch FhirApp". Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build FhirApp.sln -nologo -v quiet
# The demo practice's remittance history (simulated once, kept in .fhirapp/): what its risk model trains on and its
# payer rules are learned from (the payer rules page, and learned findings on the claim pages). Its payers behave as
# their policy files say, except where fhir-fixtures/demo-history/ says otherwise (see its README).
history=.fhirapp/demo-histories
if [ ! -d "$history/sandbox" ]; then
  rm -rf .fhirapp/demo-practice .fhirapp/demo-content
  cp -r src/FhirApp.Core/Scrubbing/Content .fhirapp/demo-content
  cp fhir-fixtures/demo-history/*.json .fhirapp/demo-content/payers/
  dotnet run --no-build --project src/FhirApp.Cli -- synth --out .fhirapp/demo-practice --patients 300 --seed 7 --content .fhirapp/demo-content >/dev/null
  mkdir -p "$history" && mv .fhirapp/demo-practice/history "$history/sandbox" && rm -rf .fhirapp/demo-practice .fhirapp/demo-content
fi
export Scoring__HistoryRoot="$PWD/$history"
dotnet run --no-build --project launch/FhirApp.SandboxEhr --launch-profile http &
sandbox=$!
trap 'kill $sandbox 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 60); do curl -fs http://127.0.0.1:5010/fhir/metadata >/dev/null 2>&1 && break; sleep 0.5; done
# The practice's 835 drop folder (smart-config/sandbox.json, remittance.dropFolder): copy a remittance into it, e.g.
#   cp fhir-fixtures/x12/835/demo/demo-drop-bluepeak.835 src/FhirApp.Web/.fhirapp/remittance/sandbox/
# and within 30 s its denial is in the work queue (Billing worklist -> Denials); the jobs page shows the run.
mkdir -p src/FhirApp.Web/.fhirapp/remittance/sandbox
echo "Sandbox EHR: http://127.0.0.1:5010  ->  open it and click Launch FhirApp"
echo "835 drop folder: src/FhirApp.Web/.fhirapp/remittance/sandbox (try: cp fhir-fixtures/x12/835/demo/demo-drop-bluepeak.835 src/FhirApp.Web/.fhirapp/remittance/sandbox/)"
echo "Eligibility: open a claim and click Check eligibility (e.g. Maria Lopez's 2026-11-16 follow-up: Acme ended her plan 2026-09-30)"
dotnet run --no-build --project src/FhirApp.Web --launch-profile http
