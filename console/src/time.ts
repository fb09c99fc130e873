/** Times as an agent reads them, and a clock shared by every live countdown on screen. */
import { useEffect, useState } from 'preact/hooks';

/**
 * The product's business clock as the API last reported it (`now` of the case list), advanced
 * by the time since: countdowns follow the server's clock, not the laptop's.
 */
let clockOffsetMs = 0;
export const syncClock = (serverNow: string): void => {
  clockOffsetMs = Date.parse(serverNow) - Date.now();
};
export const clockNow = (): number => Date.now() + clockOffsetMs;

const ticking = new Set<(now: number) => void>();
let timer: ReturnType<typeof setInterval> | undefined;

/** The clock, re-rendering once a second while mounted (one timer for the whole page). */
export const useClock = (): number => {
  const [now, setNow] = useState(clockNow);
  useEffect(() => {
    ticking.add(setNow);
    timer ??= setInterval(() => {
      const current = clockNow();
      for (const listener of ticking) listener(current);
    }, 1000);
    return () => {
      ticking.delete(setNow);
      if (ticking.size === 0 && timer !== undefined) {
        clearInterval(timer);
        timer = undefined;
      }
    };
  }, []);
  return now;
};

/** `4m 05s`, `2h 10m`, `3d 4h`. */
export const duration = (ms: number): string => {
  const seconds = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${String(minutes).padStart(2, '0')}m`;
  if (minutes > 0) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${seconds}s`;
};

/** `12m 30s left` or `4m 05s overdue`. */
export const countdown = (dueAt: string, now: number): { text: string; overdue: boolean } => {
  const remaining = Date.parse(dueAt) - now;
  return remaining >= 0
    ? { text: `${duration(remaining)} left`, overdue: false }
    : { text: `${duration(remaining)} overdue`, overdue: true };
};

const dateTime = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
export const formatTime = (iso: string): string => dateTime.format(new Date(iso));

/** `1.2k`, `34k`, `2.1M` followers. */
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
export const compactNumber = (value: number): string => compact.format(value);
