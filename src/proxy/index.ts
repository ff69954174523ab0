export { createProxy, type Proxy, type ProxyOptions } from './app.ts';
export { loadConfig, ProxyConfig, ConfigError, ENVIRONMENT } from './config.ts';
export { startProxyServer, openBackend, type ProxyServer } from './server.ts';
export { jsonLogger, silentLogger, type Logger } from './log.ts';
