package sqlparse

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
