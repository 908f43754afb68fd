<?xml version="1.0"?>
<opml version="2.0"><body><outline text="a"/></body></opml>
