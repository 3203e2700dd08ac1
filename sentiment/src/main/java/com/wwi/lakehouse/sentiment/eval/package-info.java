/**
 * Honest evaluation: leave-one-source-out splits of the labeled sentences (train on two sources, test on the
 * third), accuracy and the share of inputs left neutral, for the model and the lexicon baselines alike.
 */
package com.wwi.lakehouse.sentiment.eval;
