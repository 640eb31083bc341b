package querylog

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// BenchmarkRedshift measures the STL_QUERYTEXT reader on an export of
// 5,000 statements of 150 to 1,300 bytes (1 to 7 chunks), in order; the
// MB/s figure is of CSV input.
func BenchmarkRedshift(b *testing.B) {
	var rows []stlRow
	for q := range 5000 {
		cols := strings.Repeat("e.price, u.country, ", 5+q%60)
		sql := fmt.Sprintf("SELECT u.user_id,\n       %s1\nFROM raw.users u\nJOIN raw.enrollments e ON e.user_id = u.user_id\nWHERE e.enrolled_at >= '2026-11-%02d'", cols, 1+q%28)
		rows = append(rows, rowsFor(q, sql, 200)...)
	}
	input := stlCSV(b, rows)
	b.SetBytes(int64(len(input)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		src := NewRedshift(strings.NewReader(input))
		n := 0
		for {
			_, err := src.Next(context.Background())
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 5000 {
			b.Fatalf("%d statements", n)
		}
	}
}
