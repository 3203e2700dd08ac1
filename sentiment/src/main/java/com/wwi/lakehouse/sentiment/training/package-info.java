/**
 * {@code train-sentiment} and {@code eval-sentiment}: the encoder, the lexicons and the head trainer put together to
 * evaluate the model leave-one-source-out and to train the head that ships. A tool above the model it trains.
 */
package com.wwi.lakehouse.sentiment.training;
