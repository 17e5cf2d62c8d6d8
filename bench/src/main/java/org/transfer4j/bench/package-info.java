/**
 * Benchmarks, not tests: each compares transfer4j with its peer (the Hugging Face tokenizers
 * library, PyTorch) in the same run and reports ratios. Results go to BENCHMARKS.md.
 */
package org.transfer4j.bench;
