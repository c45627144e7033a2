#!/usr/bin/env bash
# Placeholder until the decoder harnesses land (issue 2): reports that there is nothing to fuzz.
echo "fuzz: no harnesses yet"
