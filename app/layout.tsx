import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { AppHeader } from '@/components/ui/app-header';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Spillway', template: '%s · Spillway' },
  description: 'Consumer lag, queue backlog and backlog recovery for Kafka and RabbitMQ',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: the request gate's CSP nonce (read from the request headers by
  // Next.js) can then be put on each <script>, so the CSP needs no 'unsafe-inline' for scripts.
  await headers();
  return (
    <html lang="en" suppressHydrationWarning>
      <body>
        <Providers>
          <AppHeader />
          <main className="page" id="main">
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
