import type { NextConfig } from 'next';

// Security headers: the request gate (lib/auth/gate.ts, in front of Next.js in lib/runtime/server.ts) sets
// them on every response, including the per-request Content-Security-Policy whose nonce Next.js puts on its
// <script> tags. These static ones are repeated here so that `next start`/`next dev` without the gate send
// them too; the CSP needs the gate's nonce and is not repeated.
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
];

const config: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Native and network client packages stay real Node modules on the server, never bundled.
  serverExternalPackages: ['better-sqlite3', 'kafkajs', 'amqplib', '@node-rs/crc32'],
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default config;
