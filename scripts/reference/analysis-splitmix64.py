#!/usr/bin/env python3
"""Reference outputs of SplitMix64 (Steele, Lea & Flood 2014; constants of Vigna's splitmix64.c)
for Tests/DensitoAnalysisTests/SplitMix64Spec.swift. Run: python3 analysis-splitmix64.py"""
M = (1 << 64) - 1

def splitmix64(state):
    while True:
        state = (state + 0x9E3779B97F4A7C15) & M
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
        yield z ^ (z >> 31)

for seed in (0, 1234567):
    g = splitmix64(seed)
    print(seed, [next(g) for _ in range(5)])
