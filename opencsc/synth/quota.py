import random


class Quota:
    """Random choices that keep their running rate close to a target.

    Plain coin flips drift by several points on a few hundred cases; error diffusion keeps the
    hit count within one draw of ``rate × cases`` whatever the seed, while staying random about
    *which* cases are hits. ``weight`` counts a family decision once per child it applies to.
    """

    def __init__(self, rate: float, rng: random.Random):
        self.rate, self.rng = rate, rng
        self.cases = 0
        self.hits = 0

    def draw(self, weight: int = 1) -> bool:
        expected = (self.cases + weight) * self.rate
        p = min(1.0, max(0.0, (expected - self.hits) / weight))
        hit = self.rng.random() < p
        self.cases += weight
        self.hits += weight if hit else 0
        return hit
