#!/usr/bin/env bash
# Adds one migration to both sets (SQLite and PostgreSQL) after a model change: bash src/FhirApp.Core/Data/Migrations/add.sh <Name>
# Uses the dotnet-ef pinned in .config/dotnet-tools.json. Review both generated files before committing.
set -euo pipefail
name=${1:?usage: add.sh <MigrationName>}
root=$(cd "$(dirname "$0")/../../../.." && pwd)
cd "$root"
dotnet tool restore >/dev/null
project=src/FhirApp.Core/FhirApp.Core.csproj
dotnet build "$project" -v quiet -nologo
for set in Sqlite:SqliteAppDbContext PostgreSql:PostgreSqlAppDbContext; do
  dir=${set%%:*}; context=${set#*:}
  dotnet ef migrations add "$name" --no-build --project "$project" --startup-project "$project" \
    --context "$context" --output-dir "Data/Migrations/$dir"
done
