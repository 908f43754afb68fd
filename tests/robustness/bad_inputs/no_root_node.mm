<map version="1.0.1">
</map>
