package lineage

import (
	"unsafe"

	"github.com/colineage/colineage/graphstore"
)

// DefaultShapeCacheSize is how many statement shapes an Engine keeps the
// lineage of, unless WithShapeCacheSize says otherwise. A query log's
// repeated shapes are a few thousand; its one-off statements (ad-hoc
// queries, generated SQL) are unbounded, and each cached fragment holds
// about 10 KB for a 2 KB statement, so an unbounded cache grows with the
// log instead of with its shapes.
const DefaultShapeCacheSize = 100_000

// DefaultShapeCacheBytes is about how much memory the shape cache may
// hold, unless WithShapeCacheBytes says otherwise: 64 MiB, some 6,000
// shapes of 2 KB statements, many more of short ones.
const DefaultShapeCacheBytes = 64 << 20

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

// WithShapeCacheBytes bounds the memory of the shape cache (default
// DefaultShapeCacheBytes), estimated from the ids, properties and
// structures each entry holds. Both bounds apply: the cache stops taking
// new shapes at whichever it reaches first. Zero or less turns the cache
// off.
func WithShapeCacheBytes(n int64) EngineOption {
	return func(c *engineConfig) {
		c.shapeBytes = n
		c.shapeBytesSet = true
	}
}

// cacheShape stores a shape's lineage (replacing an entry the catalog
// made stale) unless the cache is full and the shape new to it. Workers
// check and add concurrently, so the bounds may be passed by an entry per
// worker.
func (e *Engine) cacheShape(key cacheKey, c *cached) {
	c.size = c.bytes()
	if e.cached.Load() >= int64(e.shapeCacheSize()) || e.cachedBytes.Load()+c.size > e.shapeCacheBytes() {
		if _, ok := e.cache.Load(key); !ok {
			return
		}
	}
	if old, loaded := e.cache.Swap(key, c); loaded {
		e.cachedBytes.Add(c.size - old.(*cached).size)
	} else {
		e.cached.Add(1)
		e.cachedBytes.Add(c.size)
	}
}

func (e *Engine) shapeCacheSize() int {
	if !e.cfg.shapeCacheSet {
		return DefaultShapeCacheSize
	}
	return e.cfg.shapeCache
}

func (e *Engine) shapeCacheBytes() int64 {
	if !e.cfg.shapeBytesSet {
		return DefaultShapeCacheBytes
	}
	return e.cfg.shapeBytes
}

// Sizes of what a cache entry holds, for its estimate.
const (
	nodeBytes  = int64(unsafe.Sizeof(graphstore.Node{}))
	edgeBytes  = int64(unsafe.Sizeof(fragEdge{}))
	depBytes   = int64(unsafe.Sizeof(dependency{}))
	entryBytes = 256 // the entry, its key and the cache's map slot
	propBytes  = 48  // a map entry: key, value, share of the table
)

// bytes estimates the memory of a cache entry: its structures, the bytes
// of its ids and property strings (an edge's endpoints are node ids,
// counted with the nodes), and its catalog dependencies.
func (c *cached) bytes() int64 {
	n := int64(entryBytes)
	f := c.frag
	for _, nd := range f.nodes {
		n += nodeBytes + int64(len(nd.ID)) + propsBytes(nd.Props)
	}
	n += edgeBytes * int64(len(f.edges))
	for _, e := range f.edges {
		n += propsBytes(e.props)
	}
	n += 16 * int64(len(f.reads))
	for _, d := range c.deps {
		n += depBytes + int64(len(d.ds.Database)+len(d.ds.Schema)+len(d.ds.Name))
	}
	return n
}

func propsBytes(p map[string]any) int64 {
	var n int64
	for k, v := range p {
		n += propBytes + int64(len(k))
		if s, ok := v.(string); ok {
			n += int64(len(s))
		}
	}
	return n
}
