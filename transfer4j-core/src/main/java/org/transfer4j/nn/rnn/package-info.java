/**
 * Recurrent layers written on our {@link org.transfer4j.nn.Module}: an LSTM cell and a multi-layer,
 * optionally bidirectional LSTM that is exact under padding. DJL's bidirectional {@code LSTM} with
 * biases gives wrong results, and its fused kernel cannot tell padding from words.
 */
package org.transfer4j.nn.rnn;
