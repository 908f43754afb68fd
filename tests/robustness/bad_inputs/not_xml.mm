This is not a mind map, just some text.
