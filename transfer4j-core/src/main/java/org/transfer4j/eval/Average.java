package org.transfer4j.eval;

/**
 * An averaged precision, recall and F1 (micro, macro or weighted) with the total support, as the
 * {@code "macro avg"} row of scikit-learn's {@code classification_report}.
 */
public record Average(double precision, double recall, double f1, long support) {}
