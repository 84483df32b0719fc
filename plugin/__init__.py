def classFactory(iface): pass
