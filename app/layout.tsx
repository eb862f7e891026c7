import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { AppHeader } from '@/components/ui/app-header';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Spillway', template: '%s · Spillway' },
  description: 'Consumer lag, queue backlog and backlog recovery for Kafka and RabbitMQ',
};

export default function RootLayout({ children }: { children: ReactNode }) {
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
