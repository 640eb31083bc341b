package neo4j

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"slices"
	"strings"
	"time"
)

// sortRows puts folded rows in an order that depends only on their
// identities: nodes by id, edges by from, to and kind. Splitting sorted rows
// gives the same sub-batches for the same batch on every run.
func sortRows(nodes []nodeRow, edges []edgeRow) {
	slices.SortFunc(nodes, func(a, b nodeRow) int { return strings.Compare(a.id, b.id) })
	slices.SortFunc(edges, func(a, b edgeRow) int {
		if c := strings.Compare(a.from, b.from); c != 0 {
			return c
		}
		if c := strings.Compare(a.to, b.to); c != 0 {
			return c
		}
		return strings.Compare(a.kind, b.kind)
	})
}

// digest is a hash of everything a part writes, so that its key names
// exactly these rows: a repeated batch whose rows fell into other parts
// (a different BatchSize, changed content under the same Key) writes the
// rows of parts not recorded instead of skipping them for a position.
func (p part) digest() string {
	h := sha256.New()
	for _, n := range p.nodes {
		writeString(h, "n")
		writeString(h, n.id)
		writeString(h, n.kind)
		for _, t := range n.tags {
			writeString(h, t)
		}
		writeProps(h, n.props)
	}
	for _, e := range p.edges {
		writeString(h, "e")
		writeString(h, e.from)
		writeString(h, e.to)
		writeString(h, e.kind)
		writeProps(h, e.props)
		var buf [24]byte
		binary.LittleEndian.PutUint64(buf[:8], uint64(e.count))
		binary.LittleEndian.PutUint64(buf[8:16], uint64(unixNano(e.first)))
		binary.LittleEndian.PutUint64(buf[16:], uint64(unixNano(e.last)))
		h.Write(buf[:])
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

func unixNano(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// writeString writes s with its length, so that concatenations cannot
// collide.
func writeString(h hash.Hash, s string) {
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
	h.Write(n[:])
	h.Write([]byte(s))
}

// writeProps writes properties in key order.
func writeProps(h hash.Hash, props map[string]any) {
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		writeString(h, k)
		writeString(h, fmt.Sprintf("%T:%v", props[k], props[k]))
	}
}
