/**
 * The shipped sentiment model behind {@code silver.SentimentScorer}: the all-MiniLM-L6-v2 encoder run on DJL's
 * PyTorch engine ({@link com.wwi.lakehouse.sentiment.MiniLmEncoder}) as one TorchScript module generated at load
 * ({@link com.wwi.lakehouse.sentiment.MiniLmScript}, written by {@link com.wwi.lakehouse.sentiment.TorchScriptArchive})
 * from the weights of the ONNX file of its Maven artifact ({@link com.wwi.lakehouse.sentiment.OnnxWeights}), the linear head and lexicon
 * features ({@link com.wwi.lakehouse.sentiment.DefaultSentimentModel}, loaded once per process), DJL's offline
 * defaults ({@link com.wwi.lakehouse.sentiment.DjlDefaults}), and the encoder and GEMM benchmarks. Subpackages: the
 * head, the lexicon baselines, the training data, evaluation, training, and custom TorchScript models.
 */
package com.wwi.lakehouse.sentiment;
