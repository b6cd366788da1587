"""Source documents and the verbatim spans (citations) that every fact rests on."""
