package tlog

// ForgetEdge empties the cache of the tree's right edge, so that the next
// append reads it back from the store (as after a restart).
func ForgetEdge() {
	edge.mu.Lock()
	defer edge.mu.Unlock()
	edge.size, edge.root, edge.hashes = 0, nil, nil
}
