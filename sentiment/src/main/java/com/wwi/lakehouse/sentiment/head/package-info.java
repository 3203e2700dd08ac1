/**
 * The sentiment head: a linear classifier on the encoder's mean-pooled sentence embedding (plus the VADER
 * compound and the AFINN score as two extra features), trained with DJL's training API on the PyTorch engine;
 * Positive / Negative, or Neutral when the top probability is below a threshold chosen on the training data.
 */
package com.wwi.lakehouse.sentiment.head;
