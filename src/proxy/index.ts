export { createProxy, type Proxy, type ProxyOptions } from './app.ts';
export { loadConfig, ProxyConfig, ConfigError, ENVIRONMENT } from './config.ts';
export { startProxyServer, openStore, type ProxyServer } from './server.ts';
export { openBackend, type RunningBackend } from './open-backend.ts';
export { jsonLogger, silentLogger, type Logger } from './log.ts';
export { buildProxy, type BuiltProxy } from './server.ts';
export { createFetchHandler, type FetchHandler } from './handler.ts';
