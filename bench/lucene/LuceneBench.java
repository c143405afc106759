// The Lucene 4.10 baseline of scripts/bench (issue 14): the same paragraphs parasearch indexes, one
// Lucene document per paragraph, indexed and searched the way a plain Lucene application would.
//
//   index DUMP INDEX [--threads N] [--ram-mb MB]
//       DUMP is parasearch-naive-index --dump output (docid TAB path TAB paragraph number TAB text, one
//       paragraph a line: the splitter's own output). One document per line: text (TextField, stored,
//       with positions), path and number (stored only). EnglishAnalyzer, BM25Similarity(1.2, 0.75),
//       IndexWriter with a RAM buffer of MB (default 64) fed by N threads (default 2, as parasearch's
//       writers), one commit at the end, no forceMerge. Prints {"paragraphs","segments","index_s"}.
//   query INDEX QUERIES [--threads N] [--warm P] [--verbose]
//       The non-blank lines of QUERIES, each parsed by the classic QueryParser (default OR) with
//       EnglishAnalyzer, top 10 by BM25Similarity(1.2, 0.75), and for each hit its stored text, path and
//       number and one highlighted fragment of about 240 characters (Highlighter, QueryScorer,
//       SimpleSpanFragmenter, ** marks). P untimed passes over all queries warm the JVM (default 5,
//       as a long-running service is warm), then one timed pass, each query timed end to end. N > 1
//       searches the segments on N threads (IndexSearcher with an executor), as parasearch's Searcher
//       searches its buckets on several threads. Prints {"queries","p50_ms","p95_ms","mean_ms","hits",
//       "escaped"} like bench/query_timing.hpp ("escaped": queries the parser refused, run escaped).
//
// Compiled by scripts/bench with javac against Debian's liblucene4.10-java jars (no build tool).
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.highlight.Highlighter;
import org.apache.lucene.search.highlight.InvalidTokenOffsetsException;
import org.apache.lucene.search.highlight.QueryScorer;
import org.apache.lucene.search.highlight.SimpleHTMLFormatter;
import org.apache.lucene.search.highlight.SimpleSpanFragmenter;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Version;

public final class LuceneBench {
  private static final Version VERSION = Version.LUCENE_4_10_4;
  private static final float K1 = 1.2f, B = 0.75f; // parasearch's BM25 defaults
  private static final int TOP = 10, FRAGMENT_CHARS = 240;

  public static void main(String[] args) throws Exception {
    if (args.length < 3 || !(args[0].equals("index") || args[0].equals("query"))) usage("expected index or query");
    int threads = args[0].equals("index") ? 2 : 1, warm = 5, ramMb = 64;
    boolean verbose = false;
    List<String> rest = new ArrayList<>();
    for (int i = 1; i < args.length; ++i) {
      switch (args[i]) {
        case "--threads": threads = positive(args, ++i); break;
        case "--warm": warm = positive(args, ++i); break;
        case "--ram-mb": ramMb = positive(args, ++i); break;
        case "--verbose": verbose = true; break;
        default:
          if (args[i].startsWith("--")) usage("unknown option " + args[i]);
          rest.add(args[i]);
      }
    }
    if (rest.size() != 2) usage("expected two paths");
    if (args[0].equals("index"))
      index(rest.get(0), rest.get(1), threads, ramMb);
    else
      query(rest.get(0), rest.get(1), threads, warm, verbose);
  }

  private static void usage(String why) {
    System.err.println("LuceneBench: " + why + "\nusage: LuceneBench index DUMP INDEX [--threads N] [--ram-mb MB]\n"
        + "       LuceneBench query INDEX QUERIES [--threads N] [--warm P] [--verbose]");
    System.exit(2);
  }

  private static int positive(String[] args, int i) {
    try {
      int n = Integer.parseInt(i < args.length ? args[i] : "");
      if (n > 0) return n;
    } catch (NumberFormatException e) {
      // reported below
    }
    usage(args[i - 1] + " expects a positive whole number");
    return 0;
  }

  private static void index(String dump, String dir, int threads, int ramMb) throws Exception {
    final long start = System.nanoTime();
    final IndexWriterConfig config = new IndexWriterConfig(VERSION, new EnglishAnalyzer());
    config.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
    config.setSimilarity(new BM25Similarity(K1, B));
    config.setRAMBufferSizeMB(ramMb);
    final AtomicLong paragraphs = new AtomicLong();
    final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    try (FSDirectory directory = FSDirectory.open(Paths.get(dir).toFile());
         IndexWriter writer = new IndexWriter(directory, config);
         BufferedReader in = Files.newBufferedReader(Paths.get(dump), StandardCharsets.UTF_8)) {
      List<Thread> feeders = new ArrayList<>();
      for (int t = 0; t < threads; ++t) {
        Thread feeder = new Thread(() -> {
          try {
            for (String line; (line = next(in)) != null;) {
              String[] f = line.split("\t", 4);
              if (f.length != 4) throw new IOException(dump + ": not docid TAB path TAB number TAB text: " + line);
              Document doc = new Document();
              doc.add(new TextField("text", f[3], Field.Store.YES));
              doc.add(new StoredField("path", f[1]));
              doc.add(new StoredField("number", Integer.parseInt(f[2])));
              writer.addDocument(doc);
              paragraphs.incrementAndGet();
            }
          } catch (Throwable e) {
            failures.add(e);
          }
        });
        feeder.start();
        feeders.add(feeder);
      }
      for (Thread feeder : feeders)
        feeder.join();
      if (!failures.isEmpty()) throw new RuntimeException(failures.get(0));
      writer.commit();
    }
    int segments;
    try (FSDirectory directory = FSDirectory.open(Paths.get(dir).toFile());
         DirectoryReader reader = DirectoryReader.open(directory)) {
      segments = reader.leaves().size();
    }
    System.out.printf(Locale.ROOT, "{\"paragraphs\":%d,\"segments\":%d,\"index_s\":%.3f}%n", paragraphs.get(), segments,
                      (System.nanoTime() - start) / 1e9);
  }

  private static String next(BufferedReader in) throws IOException {
    synchronized (in) {
      return in.readLine();
    }
  }

  private static void query(String dir, String queryFile, int threads, int warm, boolean verbose) throws Exception {
    List<String> queries = new ArrayList<>();
    for (String line : Files.readAllLines(Paths.get(queryFile), StandardCharsets.UTF_8))
      if (!line.trim().isEmpty()) queries.add(line.trim());
    if (queries.isEmpty()) throw new IOException("no queries in " + queryFile);
    final Analyzer analyzer = new EnglishAnalyzer();
    final QueryParser parser = new QueryParser("text", analyzer); // default operator OR
    ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads) : null;
    try (FSDirectory directory = FSDirectory.open(Paths.get(dir).toFile());
         DirectoryReader reader = DirectoryReader.open(directory)) {
      final IndexSearcher searcher = pool == null ? new IndexSearcher(reader) : new IndexSearcher(reader, pool);
      searcher.setSimilarity(new BM25Similarity(K1, B));
      long[] escaped = {0};
      for (int p = 0; p < warm; ++p)
        for (String q : queries)
          run(q, parser, searcher, analyzer, escaped);
      escaped[0] = 0;
      double[] ms = new double[queries.size()];
      long hits = 0, bytes = 0;
      for (int i = 0; i < queries.size(); ++i) {
        long t0 = System.nanoTime();
        List<String> snippets = run(queries.get(i), parser, searcher, analyzer, escaped);
        ms[i] = (System.nanoTime() - t0) / 1e6;
        hits += snippets.size();
        for (String s : snippets)
          bytes += s.length();
        if (verbose) System.err.printf(Locale.ROOT, "%9.3f ms  %2d hits  %s%n", ms[i], snippets.size(), queries.get(i));
      }
      if (bytes == 0) System.err.println("LuceneBench: warning: no snippet text produced");
      double sum = 0;
      for (double m : ms)
        sum += m;
      double[] sorted = ms.clone();
      java.util.Arrays.sort(sorted);
      System.out.printf(Locale.ROOT, "{\"queries\":%d,\"p50_ms\":%.3f,\"p95_ms\":%.3f,\"mean_ms\":%.3f,\"hits\":%d,\"escaped\":%d}%n",
                        ms.length, percentile(sorted, 50), percentile(sorted, 95), sum / ms.length, hits, escaped[0]);
    } finally {
      if (pool != null) pool.shutdown();
    }
  }

  // One query end to end: parse, top 10, stored fields, one highlighted fragment per hit.
  private static List<String> run(String text, QueryParser parser, IndexSearcher searcher, Analyzer analyzer, long[] escaped)
      throws IOException, InvalidTokenOffsetsException {
    Query query;
    try {
      query = parser.parse(text);
    } catch (ParseException e) {
      ++escaped[0];
      try {
        query = parser.parse(QueryParser.escape(text));
      } catch (ParseException again) {
        throw new IOException("query '" + text + "': " + again.getMessage());
      }
    }
    TopDocs top = searcher.search(query, TOP);
    QueryScorer scorer = new QueryScorer(query, "text");
    Highlighter highlighter = new Highlighter(new SimpleHTMLFormatter("**", "**"), scorer);
    highlighter.setTextFragmenter(new SimpleSpanFragmenter(scorer, FRAGMENT_CHARS));
    List<String> snippets = new ArrayList<>(top.scoreDocs.length);
    for (ScoreDoc sd : top.scoreDocs) {
      Document doc = searcher.doc(sd.doc);
      String body = doc.get("text");
      String fragment = highlighter.getBestFragment(analyzer, "text", body);
      snippets.add(doc.get("path") + "\t" + doc.get("number") + "\t" + (fragment != null ? fragment : body.substring(0, Math.min(body.length(), FRAGMENT_CHARS))));
    }
    return snippets;
  }

  private static double percentile(double[] sorted, double p) { // nearest rank, as query_timing.hpp
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(1, Math.min(rank, sorted.length)) - 1];
  }
}
