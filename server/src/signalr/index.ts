/** The SignalR protocol layer: a hub definition in, an HTTP/WebSocket endpoint out. */
export * from './hub.ts';
export { createHubEndpoint } from './endpoint.ts';
