import type { NextConfig } from 'next';

const config: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Native and network client packages stay real Node modules on the server, never bundled.
  serverExternalPackages: ['better-sqlite3', 'kafkajs', 'amqplib'],
};

export default config;
