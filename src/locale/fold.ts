/** Lower case, accents off ("für" meets "fur"): how the similarity search and the packs' stemming rules fold text alike. */
export const fold = (s: string): string => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
