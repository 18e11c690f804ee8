import type { Catalogue as LoadedCatalogue } from '../challenges/load.ts';
import type { Catalogue } from '../contract/api.ts';

/** The catalogue as staff see it: every challenge with its brief and checks; never graders or solutions. */
export function presentCatalogue(catalogue: LoadedCatalogue): Catalogue {
  return {
    dimensions: catalogue.rubric.dimensions.map((d) => ({ id: d.id, title: d.title })),
    challenges: [...catalogue.challenges.values()].map(({ manifest, brief }) => ({
      slug: manifest.slug,
      title: manifest.title,
      summary: manifest.summary,
      level: manifest.level,
      timeLimitMinutes: manifest.timeLimitMinutes,
      dimensions: manifest.dimensions,
      brief,
      requirements: manifest.requirements,
      checks: manifest.checks.map(({ id, title, dimension, weight, visible, covers }) => ({
        id,
        title,
        dimension,
        weight,
        visible,
        covers,
      })),
    })),
  };
}
