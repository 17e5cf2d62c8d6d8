package org.transfer4j.nn.crf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.transfer4j.nn.Module;
import org.transfer4j.nn.Parameter;

/**
 * A linear-chain conditional random field over tag sequences (Lafferty et al., 2001; as the output
 * layer of a BiLSTM tagger, Lample et al., 2016). A sequence {@code y} of a sentence with emission
 * scores {@code E (len, tags)} scores {@code start[y0] + sum_t E[t, yt] + sum_t trans[y(t-1), yt] +
 * end[y(len-1)]}; training minimises the negative log-likelihood {@code log Z - score(gold)} with
 * {@code log Z} from the forward algorithm in log space, decoding takes the best sequence by
 * Viterbi. Parameter names follow pytorch-crf ({@code start_transitions}, {@code end_transitions},
 * {@code transitions[from, to]}).
 *
 * <p>Scheme constraints ({@link TransitionConstraints}) add a fixed {@value #FORBIDDEN} to every
 * forbidden start, end and transition, in training and decoding alike: large enough that no allowed
 * path ever loses to a forbidden one, finite so that {@code log Z} and its gradient stay finite
 * even for a gold path that breaks the scheme.
 *
 * <pre>{@code
 * LinearChainCrf crf = new LinearChainCrf(manager, 9, TransitionConstraints.of(labels, scheme));
 * NDArray loss = crf.negativeLogLikelihood(emissions, gold, lengths); // (batch)
 * int[][] best = crf.decode(emissions.toFloatArray(), batch, len, lengths);
 * }</pre>
 */
public final class LinearChainCrf extends Module {
  /** The score added to a forbidden start, end or transition. */
  public static final float FORBIDDEN = -10000f;

  private final int tags;
  private final Parameter start;
  private final Parameter end;
  private final Parameter transitions;
  // The constraints as 0/1 tables saved with the weights, so a loaded CRF decodes under the scheme
  // it was trained with; read only as plain arrays, they get no gradient and no optimizer update.
  private final Parameter allowedStart;
  private final Parameter allowedEnd;
  private final Parameter allowedTransitions;

  /** A CRF over {@code tags} tags, scores drawn from U(-0.1, 0.1) as pytorch-crf does. */
  public LinearChainCrf(NDManager manager, int tags, TransitionConstraints constraints) {
    if (tags <= 0) {
      throw new IllegalArgumentException("a CRF needs at least one tag");
    }
    if (constraints.start().length != tags) {
      throw new IllegalArgumentException(
          "constraints over " + constraints.start().length + " tags for a CRF over " + tags);
    }
    this.tags = tags;
    start = addParameter("start_transitions", manager.randomUniform(-0.1f, 0.1f, new Shape(tags)));
    end = addParameter("end_transitions", manager.randomUniform(-0.1f, 0.1f, new Shape(tags)));
    transitions =
        addParameter("transitions", manager.randomUniform(-0.1f, 0.1f, new Shape(tags, tags)));
    allowedStart = addParameter("allowed_start", manager.zeros(new Shape(tags)));
    allowedEnd = addParameter("allowed_end", manager.zeros(new Shape(tags)));
    allowedTransitions = addParameter("allowed_transitions", manager.zeros(new Shape(tags, tags)));
    constrain(constraints);
  }

  /** Sets the allowed starts, ends and transitions (a fresh CRF on loaded weights, say). */
  public void constrain(TransitionConstraints c) {
    if (c.start().length != tags) {
      throw new IllegalArgumentException(
          "constraints over " + c.start().length + " tags for a CRF over " + tags);
    }
    float[] s = new float[tags];
    float[] e = new float[tags];
    float[] t = new float[tags * tags];
    for (int j = 0; j < tags; j++) {
      s[j] = c.start()[j] ? 1f : 0f;
      e[j] = c.end()[j] ? 1f : 0f;
      for (int i = 0; i < tags; i++) {
        t[i * tags + j] = c.transitions()[i][j] ? 1f : 0f;
      }
    }
    try (NDManager tmp = allowedStart.value().getManager().newSubManager()) {
      allowedStart.copyFrom(tmp.create(s));
      allowedEnd.copyFrom(tmp.create(e));
      allowedTransitions.copyFrom(tmp.create(t, new Shape(tags, tags)));
    }
  }

  /** The constraints in force. */
  public TransitionConstraints constraints() {
    float[] s = allowedStart.value().toFloatArray();
    float[] e = allowedEnd.value().toFloatArray();
    float[] t = allowedTransitions.value().toFloatArray();
    boolean[] bs = new boolean[tags];
    boolean[] be = new boolean[tags];
    boolean[][] bt = new boolean[tags][tags];
    for (int j = 0; j < tags; j++) {
      bs[j] = s[j] > 0.5f;
      be[j] = e[j] > 0.5f;
      for (int i = 0; i < tags; i++) {
        bt[i][j] = t[i * tags + j] > 0.5f;
      }
    }
    return new TransitionConstraints(bs, be, bt);
  }

  /** {@value #FORBIDDEN} where a 0/1 table says forbidden, else 0. */
  private static float[] penalty(Parameter allowed) {
    float[] a = allowed.value().toFloatArray();
    for (int i = 0; i < a.length; i++) {
      a[i] = a[i] > 0.5f ? 0f : FORBIDDEN;
    }
    return a;
  }

  public int tags() {
    return tags;
  }

  /**
   * Each sentence's {@code log Z - score(gold)}, in the emissions' manager.
   *
   * @param emissions {@code (batch, len, tags)}; row b's first {@code lengths[b]} steps are real
   * @param gold {@code batch * len} tag ids, row-major; entries past a row's length are ignored
   * @param lengths real steps per row, each at least 1
   * @return {@code (batch)}
   */
  public NDArray negativeLogLikelihood(NDArray emissions, int[] gold, int[] lengths) {
    return logPartition(emissions, lengths).sub(score(emissions, gold, lengths));
  }

  /**
   * {@code log Z} of each row by the forward algorithm: {@code alpha_t[j] =
   * logsumexp_i(alpha_(t-1)[i] + trans[i, j]) + E[t, j]}, carried unchanged past a row's end.
   *
   * @return {@code (batch)}
   */
  public NDArray logPartition(NDArray emissions, int[] lengths) {
    NDManager m = emissions.getManager();
    int batch = (int) emissions.getShape().get(0);
    int len = (int) emissions.getShape().get(1);
    checkLengths(lengths, batch, len);
    Scores s = scores(m);
    NDArray alpha = emissions.get(new NDIndex(":, 0, :")).add(s.start); // (batch, tags)
    for (int t = 1; t < len; t++) {
      // (batch, tags, 1) + (tags, tags) -> (batch, from, to), reduced over from
      NDArray next =
          logSumExp(alpha.expandDims(2).add(s.transitions), 1)
              .add(emissions.get(new NDIndex(":, {}, :", t))); // (batch, tags)
      float[] keep = new float[batch];
      for (int b = 0; b < batch; b++) {
        keep[b] = t < lengths[b] ? 1f : 0f;
      }
      NDArray k = m.create(keep, new Shape(batch, 1)); // (batch, 1)
      NDArray drop = m.create(complement(keep), new Shape(batch, 1));
      alpha = next.mul(k).add(alpha.mul(drop));
    }
    return logSumExp(alpha.add(s.end), 1); // (batch)
  }

  /** The score of the given sequences, {@code (batch)}. */
  public NDArray score(NDArray emissions, int[] gold, int[] lengths) {
    NDManager m = emissions.getManager();
    int batch = (int) emissions.getShape().get(0);
    int len = (int) emissions.getShape().get(1);
    checkLengths(lengths, batch, len);
    Scores s = scores(m);
    float[] oneHot = new float[batch * len * tags]; // gold tags, zero past each row's end
    float[] first = new float[batch * tags];
    float[] last = new float[batch * tags];
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < lengths[b]; t++) {
        int y = gold[b * len + t];
        if (y < 0 || y >= tags) {
          throw new IllegalArgumentException("gold tag " + y + " outside [0, " + tags + ")");
        }
        oneHot[(b * len + t) * tags + y] = 1f;
      }
      first[b * tags + gold[b * len]] = 1f;
      last[b * tags + gold[b * len + lengths[b] - 1]] = 1f;
    }
    NDArray y = m.create(oneHot, new Shape(batch, len, tags)); // (batch, len, tags)
    NDArray total = emissions.mul(y).sum(new int[] {1, 2}); // (batch)
    total = total.add(m.create(first, new Shape(batch, tags)).mul(s.start).sum(new int[] {1}));
    total = total.add(m.create(last, new Shape(batch, tags)).mul(s.end).sum(new int[] {1}));
    if (len > 1) {
      NDArray prev = y.get(new NDIndex(":, :-1, :")); // (batch, len-1, tags)
      NDArray next = y.get(new NDIndex(":, 1:, :")); // zero rows past the end drop the pair
      total = total.add(prev.matMul(s.transitions).mul(next).sum(new int[] {1, 2}));
    }
    return total;
  }

  /**
   * The best tag sequence of each row by Viterbi, on plain arrays (decoding needs no gradient and
   * the tag set is small: O(len * tags^2) per row).
   *
   * @param emissions {@code (batch, len, tags)} row-major
   * @return row b's {@code lengths[b]} tags
   */
  public int[][] decode(float[] emissions, int batch, int len, int[] lengths) {
    checkLengths(lengths, batch, len);
    float[] st = add(start.value().toFloatArray(), penalty(allowedStart));
    float[] en = add(end.value().toFloatArray(), penalty(allowedEnd));
    float[] tr = add(transitions.value().toFloatArray(), penalty(allowedTransitions));
    int[][] out = new int[batch][];
    float[] score = new float[tags];
    float[] next = new float[tags];
    int[] back = new int[len * tags];
    for (int b = 0; b < batch; b++) {
      int base = b * len * tags;
      for (int j = 0; j < tags; j++) {
        score[j] = st[j] + emissions[base + j];
      }
      for (int t = 1; t < lengths[b]; t++) {
        for (int j = 0; j < tags; j++) {
          int arg = 0;
          float best = Float.NEGATIVE_INFINITY;
          for (int i = 0; i < tags; i++) {
            float v = score[i] + tr[i * tags + j];
            if (v > best) {
              best = v;
              arg = i;
            }
          }
          next[j] = best + emissions[base + t * tags + j];
          back[t * tags + j] = arg;
        }
        System.arraycopy(next, 0, score, 0, tags);
      }
      int arg = 0;
      for (int j = 1; j < tags; j++) {
        if (score[j] + en[j] > score[arg] + en[arg]) {
          arg = j;
        }
      }
      int[] path = new int[lengths[b]];
      for (int t = lengths[b] - 1; t >= 0; t--) {
        path[t] = arg;
        arg = back[t * tags + arg];
      }
      out[b] = path;
    }
    return out;
  }

  /** The start, end and transition scores with the constraints added, in {@code m}. */
  private record Scores(NDArray start, NDArray end, NDArray transitions) {}

  private Scores scores(NDManager m) {
    // The mask first: the sums then belong to the step's manager, not the model's.
    return new Scores(
        m.create(penalty(allowedStart), new Shape(tags)).add(start.value()),
        m.create(penalty(allowedEnd), new Shape(tags)).add(end.value()),
        m.create(penalty(allowedTransitions), new Shape(tags, tags)).add(transitions.value()));
  }

  /**
   * {@code log(sum(exp(x)))} over {@code axis}, shifted by the (constant) maximum for stability.
   */
  static NDArray logSumExp(NDArray x, int axis) {
    NDArray max = x.max(new int[] {axis}, true).stopGradient(); // (.., 1, ..)
    return x.sub(max).exp().sum(new int[] {axis}).log().add(max.squeeze(axis));
  }

  private static float[] complement(float[] keep) {
    float[] out = new float[keep.length];
    for (int i = 0; i < keep.length; i++) {
      out[i] = 1f - keep[i];
    }
    return out;
  }

  private static float[] add(float[] a, float[] b) {
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
    return a;
  }

  private static void checkLengths(int[] lengths, int batch, int len) {
    if (lengths.length != batch) {
      throw new IllegalArgumentException(lengths.length + " lengths for a batch of " + batch);
    }
    for (int l : lengths) {
      if (l < 1 || l > len) {
        throw new IllegalArgumentException("length " + l + " outside [1, " + len + "]");
      }
    }
  }
}
