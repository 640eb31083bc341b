package lineage

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestSlotIndexFindsWhatAScanFinds indexes keys with many repeats and
// hash collisions forced by a weak hash, across several growths, and
// checks every lookup against a scan of the list.
func TestSlotIndexFindsWhatAScanFinds(t *testing.T) {
	var keys []string
	var ix slotIndex
	ix.reset(0)
	weak := func(s string) uint64 { return uint64(len(s)) } // every key of a length collides
	for i := range 3000 {
		k := fmt.Sprintf("k%d", i%1700)
		if ix.find(weak(k), func(j int) bool { return keys[j] == k }) < 0 {
			ix.insert(weak(k), len(keys))
			keys = append(keys, k)
		}
	}
	assert.Len(t, keys, 1700)
	for _, k := range []string{"k0", "k9", "k10", "k999", "k1699", "k1700", "x"} {
		want := -1
		for j := range keys {
			if keys[j] == k {
				want = j
				break
			}
		}
		assert.Equal(t, want, ix.find(weak(k), func(j int) bool { return keys[j] == k }), k)
	}
}

// TestScopeCandidatesInSourceOrder gives a scope more sources than
// smallSet, several of one name (alias or table name), and checks that
// the index answers what a scan answers, in source order.
func TestScopeCandidatesInSourceOrder(t *testing.T) {
	sc := &scope{}
	for i := range 60 {
		src := &source{names: []string{"raw", fmt.Sprintf("t%d", i%7)}}
		if i%5 == 0 {
			src.alias = fmt.Sprintf("t%d", i%3)
			src.explicit = true
		} else {
			src.alias = src.names[1]
		}
		sc.addSource(src)
		if i == 20 || i == 59 {
			for _, name := range []string{"t0", "t1", "t2", "t6", "nope"} {
				var want []*source
				for _, s := range sc.sources {
					if s.alias == name || s.names[len(s.names)-1] == name {
						want = append(want, s)
					}
				}
				got := sc.candidates(name, nil)
				if len(sc.sources) < smallSet {
					continue
				}
				assert.Equal(t, want, got, "%s after %d sources", name, i+1)
			}
		}
	}
}

// TestSameDatasetComparesEveryField changes each field of a Dataset in
// turn: sameDataset must tell the copy apart, as == does, so that a field
// added to Dataset is not left out of it.
func TestSameDatasetComparesEveryField(t *testing.T) {
	base := Dataset{Platform: Postgres, Database: "db", Schema: "s", Name: "t", Kind: KindTable}
	v := reflect.ValueOf(&base).Elem()
	for i := range v.NumField() {
		other := base
		f := reflect.ValueOf(&other).Elem().Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString(f.String() + "x")
		case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uint:
			f.SetUint(f.Uint() + 1)
		default:
			f.SetInt(f.Int() + 1)
		}
		assert.NotEqual(t, base, other, v.Type().Field(i).Name)
		assert.False(t, sameDataset(&base, &other), v.Type().Field(i).Name)
		assert.True(t, sameDataset(&other, &other), v.Type().Field(i).Name)
		a, b := Column{Dataset: base, Name: "c"}, Column{Dataset: other, Name: "c"}
		assert.False(t, sameColumn(&a, &b), v.Type().Field(i).Name)
		k := base.key()
		assert.Equal(t, other.key() == k, k.is(&other), v.Type().Field(i).Name)
		assert.True(t, k.is(&base))
	}
	loc := base
	loc.Kind = KindLocation
	k := base.key()
	assert.False(t, k.is(&loc), "a location is not the table of its name")
}
