// Scores every labeled sentence with the original JavaScript packages, for LexiconParityTest.
// usage: node lexicon-reference.js <sentiment package dir> <vader-sentiment package dir>
const path = require('path');
const Sentiment = require(path.join(process.argv[2], 'lib/index.js'));
const vader = require(path.join(process.argv[3], 'build/vaderSentiment.bundle.js'));
const afinn = new Sentiment();
for (const source of ['amazon', 'imdb', 'yelp']) {
  const rows = require(path.join(process.argv[2], 'test/fixtures', source + '.json'));
  for (const r of rows) {
    if (!r.text || !r.text.trim()) continue;
    const v = vader.SentimentIntensityAnalyzer.polarity_scores(r.text);
    process.stdout.write(JSON.stringify({ text: r.text, afinn: afinn.analyze(r.text).score, vader: v.compound }) + '\n');
  }
}
