/**
 * Metrics and reports, on plain Java arrays (no tensors), so training loops, fine-tuning tasks and
 * the {@code transfer4j score} verb share them.
 *
 * <ul>
 *   <li>Single-label classification: {@link org.transfer4j.eval.ConfusionMatrix} (accumulate
 *       batches), {@link org.transfer4j.eval.ClassificationMetrics} (scikit-learn semantics, zero
 *       division gives 0) giving a {@link org.transfer4j.eval.ClassificationReport}.
 *   <li>Multi-label: {@link org.transfer4j.eval.MultiLabelMetrics}.
 *   <li>Scores: {@link org.transfer4j.eval.RankingMetrics} (argmax, top-k, multiple choice) and
 *       {@link org.transfer4j.eval.Perplexity}.
 *   <li>Tagging: {@link org.transfer4j.eval.ConllEval} (conlleval's span scores) and {@link
 *       org.transfer4j.eval.TagScheme} (IO, IOB1, IOB2, IOBES; conversion).
 *   <li>Output: {@link org.transfer4j.eval.ReportFormat} (text table, JSON, CSV) and {@link
 *       org.transfer4j.eval.ConfusionHeatmap} (PNG), written atomically.
 * </ul>
 *
 * <pre>{@code
 * ConfusionMatrix cm = ConfusionMatrix.empty(labels);
 * for (Batch b : batches) cm.add(b.gold(), RankingMetrics.argmax(b.logits(), labels.size()));
 * ClassificationReport report = ClassificationMetrics.report(cm);
 * log.info("accuracy {} macro F1 {}", report.accuracy(), report.macro().f1());
 * }</pre>
 */
package org.transfer4j.eval;
