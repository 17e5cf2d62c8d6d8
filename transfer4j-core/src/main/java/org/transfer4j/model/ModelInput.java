package org.transfer4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.transfer4j.BadInputException;

/**
 * The int64 inputs of a forward pass, Hugging Face style: {@code input_ids} {@code (batch, seq)}
 * (or {@code (batch, choices, seq)} for multiple choice), and optional {@code attention_mask} (1 =
 * real token, 0 = padding) and {@code token_type_ids} of the same shape.
 *
 * <pre>{@code
 * ModelInput in = new ModelInput(ids, mask, null);
 * }</pre>
 */
public record ModelInput(NDArray inputIds, NDArray attentionMask, NDArray tokenTypeIds) {
  public ModelInput {
    if (inputIds == null) {
      throw new BadInputException("input_ids is required");
    }
    Shape s = inputIds.getShape();
    if (s.dimension() < 2) {
      throw new BadInputException("input_ids must be (batch, seq), got shape " + s);
    }
    check("attention_mask", attentionMask, s);
    check("token_type_ids", tokenTypeIds, s);
  }

  /** Only token ids: no padding, all token types zero. */
  public static ModelInput of(NDArray inputIds) {
    return new ModelInput(inputIds, null, null);
  }

  private static void check(String name, NDArray a, Shape expected) {
    if (a != null && !a.getShape().equals(expected)) {
      throw new BadInputException(
          name
              + " has shape "
              + a.getShape()
              + " but input_ids has "
              + expected
              + "; they must match");
    }
  }

  public long batchSize() {
    return inputIds.getShape().get(0);
  }

  /** The last axis: tokens per sequence. */
  public long sequenceLength() {
    Shape s = inputIds.getShape();
    return s.get(s.dimension() - 1);
  }

  /**
   * Reshapes {@code (batch, choices, seq)} to {@code (batch * choices, seq)}, as multiple choice
   * needs.
   */
  public ModelInput flattenChoices() {
    long seq = sequenceLength();
    return new ModelInput(
        inputIds.reshape(-1, seq),
        attentionMask == null ? null : attentionMask.reshape(-1, seq),
        tokenTypeIds == null ? null : tokenTypeIds.reshape(-1, seq));
  }
}
