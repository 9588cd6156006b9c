#!/usr/bin/env bash
# The script of the relecture GitHub Action (action.yml): lints what a pull request changes
# against its base, annotates the new findings and writes a SARIF report. It runs as well on a
# developer's machine, which is how its test runs it.
#
# Environment:
#   RELECTURE_BASE     the base branch (default: GITHUB_BASE_REF, else main)
#   RELECTURE_ARGS     more arguments for `relecture check` (word-split)
#   RELECTURE_SARIF    where the SARIF report goes (default: relecture.sarif; empty: none)
#   RELECTURE_BIN      the relecture binary to run (default: the one on the PATH, else built
#                      from the action's own source with cargo, into RELECTURE_INSTALL_ROOT)
set -uo pipefail

action_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
base_branch=${RELECTURE_BASE:-${GITHUB_BASE_REF:-main}}
sarif=${RELECTURE_SARIF-relecture.sarif}

# The binary: given, on the PATH, or built once (the workflow caches the install root).
relecture=${RELECTURE_BIN:-}
if [ -z "$relecture" ]; then
    if command -v relecture >/dev/null 2>&1; then
        relecture=relecture
    else
        root=${RELECTURE_INSTALL_ROOT:-$HOME/.relecture}
        if [ ! -x "$root/bin/relecture" ]; then
            echo "relecture: building relecture from $action_root (cached for the next runs)" >&2
            cargo install --locked --quiet --path "$action_root" --root "$root" || exit 2
        fi
        relecture=$root/bin/relecture
    fi
fi

# The base: where the pull request's branch left its base branch.
git fetch --quiet origin "$base_branch" 2>/dev/null || true
base_ref=$base_branch
if git rev-parse --verify --quiet "origin/$base_branch" >/dev/null; then
    base_ref=origin/$base_branch
fi
if ! base=$(git merge-base HEAD "$base_ref" 2>/dev/null); then
    echo "relecture: cannot find the base branch \`$base_branch\` in this clone (check out with fetch-depth: 0)" >&2
    exit 2
fi

read -r -a extra <<< "${RELECTURE_ARGS:-}"
# The report for code scanning, then the annotations of the new findings; the second run starts
# from the results the first one kept.
if [ -n "$sarif" ]; then
    "$relecture" check --rev HEAD --diff "$base" --allow-empty --format sarif --output "$sarif" --exit-zero "${extra[@]}" || exit 2
fi
"$relecture" check --rev HEAD --diff "$base" --new-only --allow-empty --format github "${extra[@]}"
