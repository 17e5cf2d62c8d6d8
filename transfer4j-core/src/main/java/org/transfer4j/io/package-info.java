/**
 * Checkpoint input and output: the safetensors format (memory-mapped, validated reader {@link
 * org.transfer4j.io.SafeTensorsFile}; spec-conformant, atomic {@link
 * org.transfer4j.io.SafeTensorsWriter}) and Hugging Face model folders ({@link
 * org.transfer4j.io.Checkpoint}, single-file or sharded).
 *
 * <pre>{@code
 * try (Checkpoint ckpt = Checkpoint.open(Path.of("models/bert-base-uncased"))) {
 *   NDArray emb = ckpt.toNDArray("bert.embeddings.word_embeddings.weight", manager);
 * }
 * SafeTensorsWriter.write(out.resolve("model.safetensors"), weights, Map.of("format", "pt"));
 * }</pre>
 */
package org.transfer4j.io;
