// `ng serve` proxies the backend paths to the dev backend (BACKEND_URL, default :5080).
const target = process.env.BACKEND_URL ?? `http://127.0.0.1:${process.env.PORT ?? 5080}`;

export default [
  {
    context: ['/api', '/hubs', '/dev', '/health'],
    target,
    ws: true,
    changeOrigin: false,
    secure: false,
  },
];
