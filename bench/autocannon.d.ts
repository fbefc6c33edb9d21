// The part of autocannon 8's programmatic API the benchmark uses (the package ships no types).
declare module 'autocannon' {
  namespace autocannon {
    interface AutocannonRequest {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string | Buffer;
      setupRequest?: (req: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest;
    }

    interface AutocannonOptions {
      url: string;
      connections?: number;
      duration?: number;
      amount?: number;
      timeout?: number;
      pipelining?: number;
      method?: string;
      headers?: Record<string, string>;
      body?: string;
      requests?: AutocannonRequest[];
    }

    interface Histogram {
      average: number;
      mean: number;
      stddev: number;
      min: number;
      max: number;
      total: number;
      p50: number;
      p90: number;
      p97_5: number;
      p99: number;
    }

    interface AutocannonResult {
      start: Date;
      finish: Date;
      duration: number;
      errors: number;
      timeouts: number;
      non2xx: number;
      statusCodeStats: Record<string, { count: number }>;
      latency: Histogram;
      requests: Histogram & { sent: number };
      throughput: Histogram;
    }

    /**
     * Combines raw results. In a worker thread autocannon skips this step itself and resolves
     * with the raw result (encoded histograms, no `latency` percentiles).
     */
    function aggregateResult(results: unknown[], options: AutocannonOptions): AutocannonResult;

    interface Instance extends PromiseLike<AutocannonResult> {
      stop(): void;
    }
  }

  function autocannon(options: autocannon.AutocannonOptions): autocannon.Instance;
  export = autocannon;
}
