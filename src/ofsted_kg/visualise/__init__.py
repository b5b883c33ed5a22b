"""Pictures of theme links: the theme network (HTML, PNG, SVG, GraphML, GEXF) and
authority timelines, drawn from neutral tabular rows (``visualise.rows``)."""
