'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, type ReactNode } from 'react';
import { labelKey, type LabelColour } from '@/shared/label-colours';
import { data, type ApiClient } from './client';
import { LabelColoursContext } from './components';

export type LabelColourMap = Record<string, LabelColour>;

/** The query keys of labels: the colours every chip reads, and the full list the settings page shows. */
export const labelColoursKey = ['label-colours'] as const;
export const labelListKey = ['labels'] as const;

export function colourMapOf(labels: { name: string; colour: LabelColour | null }[]): LabelColourMap {
  return Object.fromEntries(labels.filter((l) => l.colour).map((l) => [labelKey(l.name), l.colour!]));
}

/**
 * Gives every label chip of the workspace its colour. The page's server render passes the colours in (`initial`),
 * so the first paint has them; the query refetches when a colour changes (the settings page, or a board's
 * `labels.changed` event from another person's change).
 */
export function LabelColoursProvider({
  client,
  initial,
  children,
}: {
  client: ApiClient;
  initial: LabelColourMap | null;
  children: ReactNode;
}) {
  const { data: colours } = useQuery({
    queryKey: labelColoursKey,
    queryFn: async () => colourMapOf((await data(client.GET('/labels'))).data),
    ...(initial ? { initialData: initial, staleTime: Infinity } : {}),
  });
  const value = useMemo(() => colours ?? {}, [colours]);
  return <LabelColoursContext.Provider value={value}>{children}</LabelColoursContext.Provider>;
}

/** Ask every chip to read the workspace's colours again (after a change here or elsewhere). */
export function useRefreshLabelColours(): () => void {
  const queryClient = useQueryClient();
  return useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: labelColoursKey });
    void queryClient.invalidateQueries({ queryKey: labelListKey });
  }, [queryClient]);
}
