export interface RequestLog {
  record(path: string): void;
  count(pathContains?: string): number;
  reset(): void;
}

/** Paths of the requests received, so tests can prove the proxy serves from its cache instead of calling. */
export function createRequestLog(): RequestLog {
  let paths: string[] = [];
  return {
    record: (path) => {
      paths.push(path);
    },
    count: (pathContains) =>
      pathContains === undefined ? paths.length : paths.filter((path) => path.includes(pathContains)).length,
    reset: () => {
      paths = [];
    },
  };
}
