package sqlparse

import "strings"

// planExportData handles BigQuery's EXPORT DATA [WITH CONNECTION c]
// OPTIONS (uri = 'gs://...', ...) AS query: the query's rows are written
// to the uri, as UNLOAD writes them to its location.
func (st *stmt) planExportData() [][]piece {
	s := st.out
	s.Kind = KindUnload
	n := len(st.toks)
	as := st.findTop(2, n, func(i int) bool { return st.word(i, "AS") })
	if as < 0 || as+1 >= n {
		st.fail(0, "EXPORT DATA expects AS query")
		return nil
	}
	for i := 2; i+2 < as; i++ {
		if st.word(i, "OPTIONS") && st.op(i+1, "(") {
			close := st.closeOf(i + 1)
			for j := i + 2; j+2 < close; j++ {
				if st.word(j, "URI") && st.op(j+1, "=") && st.kind(j+2) == tkString {
					s.Location = stringValue(st.text(j + 2))
				}
			}
		}
	}
	return [][]piece{{span(as+1, n)}}
}

// planLoadData handles LOAD DATA, a table loaded from files: BigQuery's
// LOAD DATA INTO|OVERWRITE [TEMP TABLE] t [(col type, ..)] .. FROM FILES
// (uris = ['gs://..'], ..) and Hive's LOAD DATA [LOCAL] INPATH 'p'
// [OVERWRITE] INTO TABLE t [PARTITION (..)]. It is a COPY: the table is
// the target, the first file location the source. A form without a table
// or a location stays utility (nil).
func (st *stmt) planLoadData() [][]piece {
	s := st.out
	n := len(st.toks)
	name, loc, temp := -1, -1, false
	switch {
	case st.spec.name == "bigquery" && st.anyWord(2, "INTO", "OVERWRITE"):
		name = 3
		if st.anyWord(name, "TEMP", "TEMPORARY") && st.word(name+1, "TABLE") {
			temp = true
			name += 2
		}
		files := st.findTop(name, n, func(i int) bool { return st.word(i, "FILES") && st.word(i-1, "FROM") && st.op(i+1, "(") })
		if files < 0 {
			return nil
		}
		for j := files + 2; j+3 < st.closeOf(files+1); j++ {
			if st.word(j, "URIS") && st.op(j+1, "=") && st.op(j+2, "[") && st.kind(j+3) == tkString {
				loc = j + 3
				break
			}
		}
	case st.spec.name == "hive":
		j := 2
		if st.word(j, "LOCAL") {
			j++
		}
		if !st.word(j, "INPATH") || st.kind(j+1) != tkString {
			return nil
		}
		loc = j + 1
		into := st.findTop(j+2, n, func(i int) bool { return st.word(i, "INTO") && st.word(i+1, "TABLE") })
		if into < 0 {
			return nil
		}
		name = into + 2
	default:
		return nil
	}
	if !st.isName(name) || loc < 0 {
		return nil
	}
	end := st.nameEnd(name)
	s.Kind = KindCopy
	s.Temporary = temp
	s.Location = stringValue(st.text(loc))
	return [][]piece{{lit("LOAD DATA INFILE '"), lit(strings.ReplaceAll(s.Location, "'", "''")), lit("' INTO TABLE "), span(name, end)}}
}
