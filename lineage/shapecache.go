package lineage

// DefaultShapeCacheSize is how many statement shapes an Engine keeps the
// lineage of, unless WithShapeCacheSize says otherwise. A query log's
// repeated shapes are a few thousand; its one-off statements (ad-hoc
// queries, generated SQL) are unbounded, and each cached fragment holds
// about 10 KB for a 2 KB statement, so an unbounded cache grows with the
// log instead of with its shapes.
const DefaultShapeCacheSize = 100_000

// WithShapeCacheSize sets how many statement shapes the Engine caches
// (default DefaultShapeCacheSize). Once full, it keeps the shapes it has
// (the frequent ones come early in a log) and analyses new ones each
// time. Zero or less turns the cache off.
func WithShapeCacheSize(n int) EngineOption {
	return func(c *engineConfig) {
		c.shapeCache = n
		c.shapeCacheSet = true
	}
}

// cacheShape stores a shape's lineage (replacing an entry the catalog
// made stale) unless the cache is full and the shape new to it.
func (e *Engine) cacheShape(key cacheKey, c *cached) {
	if e.cached.Load() >= int64(e.shapeCacheSize()) {
		if _, ok := e.cache.Load(key); !ok {
			return
		}
	}
	if _, loaded := e.cache.Swap(key, c); !loaded {
		e.cached.Add(1)
	}
}

func (e *Engine) shapeCacheSize() int {
	if !e.cfg.shapeCacheSet {
		return DefaultShapeCacheSize
	}
	return e.cfg.shapeCache
}
